"""The app's screens: each a widget the main window shows, built with the app context."""
