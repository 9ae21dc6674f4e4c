-- One row per round of ceasefire / hostage-deal talks: dated negotiation events clustered in
-- time (int_negotiation_events_clustered, gap > var('round_gap_days') starts a new round).
-- round_id is md5 of the round's first day, so it survives new events elsewhere in time;
-- round_number is 1..n by started_on.
with events as (

    select *
    from {{ ref('int_negotiation_events_clustered') }}

),

rounds as (

    select
        round_number,
        min(event_date) as started_on,
        max(event_date) as ended_on,
        list_sort(list_distinct(list(location) filter (where location is not null))) as locations,
        list_sort(list_distinct(flatten(list(mediators)))) as mediators,
        list_sort(list_distinct(flatten(list(parties)))) as parties,
        list_sort(list_distinct(flatten(list(participants)))) as participants,
        list_sort(list_distinct(list(event_type))) as event_types,
        case
            when bool_or(event_type = 'deal_agreed') then 'agreed'
            when bool_or(event_type = 'deal_rejected') then 'rejected'
            when bool_or(event_type = 'stalled') then 'stalled'
            else 'ongoing'
        end as outcome,
        count(*) as n_events,
        count(distinct article_id) as n_articles,
        list_sort(list_distinct(list(article_id))) as article_ids
    from events
    group by round_number

),

round_articles as (

    select distinct
        round_number,
        article_id
    from events

),

hostages_on_table as (

    -- The largest number of hostages to be released quoted, during the round, by an article
    -- of the round (a figure dated outside the round belongs to another episode of talks).
    select
        round_articles.round_number,
        max(hostage_facts.value) as hostages_on_table
    from round_articles
    inner join rounds
        on round_articles.round_number = rounds.round_number
    inner join {{ ref('stg_hostage_facts') }} as hostage_facts
        on round_articles.article_id = hostage_facts.article_id
    where hostage_facts.status = 'to_be_released'
        and (hostage_facts.as_of is null or hostage_facts.as_of between rounds.started_on and rounds.ended_on)
    group by round_articles.round_number

)

select
    md5('round:' || strftime(rounds.started_on, '%Y-%m-%d')) as round_id,
    rounds.round_number,
    rounds.started_on,
    rounds.ended_on,
    coalesce(rounds.locations, []::varchar[]) as locations,
    coalesce(rounds.mediators, []::varchar[]) as mediators,
    coalesce(rounds.parties, []::varchar[]) as parties,
    coalesce(rounds.participants, []::varchar[]) as participants,
    rounds.event_types,
    hostages_on_table.hostages_on_table,
    rounds.outcome,
    rounds.n_events,
    rounds.n_articles,
    rounds.article_ids
from rounds
left join hostages_on_table
    on rounds.round_number = hostages_on_table.round_number
order by rounds.round_number
