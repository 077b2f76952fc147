# The one place the project's version is written: the picklint project, the
# ppx package (also when runtime/ is added on its own) and the tool read it.
set(PICKLINT_VERSION 0.1.0)
