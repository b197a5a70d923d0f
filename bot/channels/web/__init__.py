"""The web chat: the reflection in the browser, served by the bot itself."""
