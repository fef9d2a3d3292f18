# The settings module the runner is named with; the runner needs no setting of it.
