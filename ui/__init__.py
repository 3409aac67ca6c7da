"""The Qt window. It imports the core and listens to its event bus; the core never imports it."""
