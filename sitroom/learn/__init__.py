"""What the learned reader shares: hashed linear models (`linear`) and the features they read (`event_features`)."""
