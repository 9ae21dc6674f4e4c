{#
    The numbers of casualty_trend's comparison with the MoH series and of its plausibility rule,
    in one place. Each is a dbt var with a default, so a build can try another value
    (`dbt build --vars '{reference_tolerance_share: 0.03}'`) without editing a model.

    reference_band_days        the series values from this many days before to this many days
                               after as_of form the band a figure is compared with: a figure
                               published a day early or late (a toll "as of Sunday" printed on
                               Monday) still agrees.
    reference_lookback_days    when the series has no report in that band (a blank or
                               carried-forward day, the sparse children/women columns), the latest
                               report at most this many days before as_of stands in for it. From
                               2024 on the toll never grew 5.3 % in a week, so within the tolerance.
    reference_tolerance_share  how far outside the band a figure may lie and still agree, as a
                               share of the band's top: 5 % covers rounding ("more than 46,000"
                               for 46,537 is 1.2 % off; two significant digits above 20,000 are
                               at most 5 % off) and a quoted figure a few days old.
    reference_tolerance_min    ... but never fewer people than this (small series, e.g. children
                               dead of starvation).
    implausible_factor         a cumulative figure below 1/factor of what it is compared with, or
                               above factor times it, is implausible: a count of the dead never
                               halves (a revision such as 1,400 -> 1,200 -> 1,139 is a fall of
                               5-15 %), and a doubling overnight is a misread figure (injured read
                               as killed), not a trend.
    neighbour_rows             without a series, a row is compared with the median of up to this
                               many rows before it (and after it) in the same series.
#}
{% macro reference_band_days() %}{{ return(var('reference_band_days', 1)) }}{% endmacro %}
{% macro reference_lookback_days() %}{{ return(var('reference_lookback_days', 7)) }}{% endmacro %}
{% macro reference_tolerance_share() %}{{ return(var('reference_tolerance_share', 0.05)) }}{% endmacro %}
{% macro reference_tolerance_min() %}{{ return(var('reference_tolerance_min', 10)) }}{% endmacro %}
{% macro implausible_factor() %}{{ return(var('implausible_factor', 2)) }}{% endmacro %}
{% macro neighbour_rows() %}{{ return(var('neighbour_rows', 3)) }}{% endmacro %}


{#- People allowed outside the reference band whose top is `band_high` (bigint). -#}
{% macro reference_tolerance(band_high) -%}
    cast(greatest(ceil({{ reference_tolerance_share() }} * {{ band_high }}), {{ reference_tolerance_min() }}) as bigint)
{%- endmacro %}


{#- A count with thousands separators, for the notes a reader sees (45, 40,005). -#}
{% macro people(expression) -%}
    format('{:,}', cast(round({{ expression }}) as bigint))
{%- endmacro %}
