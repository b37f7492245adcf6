"""newsclean inside other frameworks' pipelines: one module per framework, each imported
on its own (``newsclean.integrations.datatrove``) so that none of them is a dependency."""
