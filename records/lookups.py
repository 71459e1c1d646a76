"""Integer lookups ignore values the column cannot hold.

Django answers `pk=<huge>` with an empty result (its IntegerFieldOverflow lookups), but passes
`pk__in=[<huge>]` and `<foreign key>=<huge>` to the driver, and SQLite's refuses integers beyond
64 bits with an OverflowError: a hostile value posted to any multiple-choice field
(ModelMultipleChoiceField filters with `pk__in`) became a server error. No row can match such a
value, so it is dropped from an `in` list, and an `exact` on it matches nothing.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


class WithinRange:
    def holds(self, connection):
        """A test of whether the column can hold a value; None for a non-integer column."""
        column = self.lhs.output_field
        while getattr(column, "target_field", None) is not None:  # a foreign key: its target
            column = column.target_field
        if not self.rhs_is_direct_value() or not isinstance(column, IntegerField):
            return None
        low, high = connection.ops.integer_field_range(column.get_internal_type())
        return lambda value: (
            not isinstance(value, int)
            or ((low is None or low <= value) and (high is None or value <= high))
        )


class InWithinRange(WithinRange, In):
    def process_rhs(self, compiler, connection):
        if holds := self.holds(connection):
            self.rhs = [value for value in self.rhs if holds(value)]
        return super().process_rhs(compiler, connection)


class RelatedInWithinRange(InWithinRange, RelatedIn):
    pass


class RelatedExactWithinRange(WithinRange, RelatedExact):
    def process_rhs(self, compiler, connection):
        if (holds := self.holds(connection)) and not holds(self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


IntegerField.register_lookup(InWithinRange)
ForeignObject.register_lookup(RelatedInWithinRange)
ForeignObject.register_lookup(RelatedExactWithinRange)
