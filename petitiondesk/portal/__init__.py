"""The petitioner's own side: submit online, follow the case, rate the reply."""
