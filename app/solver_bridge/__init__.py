"""The bridge between the app and the solver: the only package that knows both the models and
solver/. Rows become an instance (instance), the solver is called on it (calls),
and its solution comes back as the app's ids and times (solution)."""
