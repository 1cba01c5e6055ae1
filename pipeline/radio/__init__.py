"""Radio: read-time estimation for Lithuanian, rundowns, script sheets (in progress)."""
