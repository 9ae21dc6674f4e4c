-- One row per negotiation event read from an article. List columns are never null.
select
    event_id,
    article_id,
    event_type,
    cast(event_date as date) as event_date,
    event_date_basis,
    location,
    coalesce(mediators, []::varchar[]) as mediators,
    coalesce(parties, []::varchar[]) as parties,
    coalesce(participants, []::varchar[]) as participants,
    sentence,
    char_start,
    char_end
from {{ source('extracted', 'negotiation_events') }}
