-- Dated negotiation events, each assigned to a round of talks (gaps-and-islands on
-- event_date): sorted by date, a new round starts when the gap to the previous event is more
-- than var('round_gap_days') days. Events on the same day always share a round.
with dated_events as (

    select *
    from {{ ref('stg_negotiation_events') }}
    where event_date is not null

),

with_gaps as (

    select
        *,
        event_date - lag(event_date) over (order by event_date, event_id) as days_since_previous_event
    from dated_events

),

flagged as (

    select
        *,
        case
            when days_since_previous_event is null then 1
            when days_since_previous_event > {{ var('round_gap_days') }} then 1
            else 0
        end as starts_round
    from with_gaps

)

select
    event_id,
    article_id,
    event_type,
    event_date,
    event_date_basis,
    location,
    mediators,
    parties,
    participants,
    days_since_previous_event,
    cast(sum(starts_round) over (
        order by event_date, event_id
        rows between unbounded preceding and current row
    ) as integer) as round_number
from flagged
