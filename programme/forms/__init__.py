"""Forms, one module per sub-domain; all render through crispy-forms (see base.CrispyMixin)."""
