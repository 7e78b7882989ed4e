// Quorum's day calendar: EventCalendar (vendored) fed by /calendar/events.json.
// The feed gives ISO 8601 times with the Europe/London offset. EventCalendar only knows fixed
// offsets, and a week can straddle a clock change, so we hand it the London wall-clock time
// ("floating") and every browser shows the times people in England read on their clocks.
(function () {
  const element = document.getElementById('quorum-calendar')
  if (!element || typeof EventCalendar === 'undefined') return
  const config = JSON.parse(element.dataset.config)
  const floating = (iso) => iso.slice(0, 19)

  function load () {
    const url = new URL(config.feed, window.location.href)
    url.searchParams.set('start', config.start)
    url.searchParams.set('end', config.end)
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((response) => {
        if (!response.ok) throw new Error('The calendar could not load its meetings.')
        return response.json()
      })
      .then((events) => events.map((event) => ({
        ...event, start: floating(event.start), end: floating(event.end)
      })))
  }

  // Beyond a few columns a time grid gets too narrow to read (23 chairs x 5 days): then each
  // resource gets a row of the resource timeline instead, scrolled sideways.
  const wide = config.resources.length > 4
  const view = wide ? config.view.replace('TimeGrid', 'Timeline') : config.view

  EventCalendar.create(element, {
    view,
    slotWidth: 28, // px per half hour in the timeline
    date: config.date,
    resources: config.resources,
    eventSources: [{ events: load }],
    headerToolbar: { start: '', center: '', end: '' }, // weeks and days change by page links
    firstDay: 1,
    hiddenDays: [0, 6],
    allDaySlot: false,
    slotMinTime: '08:00',
    slotMaxTime: '19:00',
    height: 'auto',
    locale: 'en-GB',
    dayHeaderFormat: { weekday: 'short', day: 'numeric', month: 'short' },
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    // Read-only: a meeting is rearranged from its page (EventCalendar opens it with Enter too).
    editable: false,
    eventStartEditable: false,
    eventDurationEditable: false,
    selectable: false,
    eventClick: (info) => {
      window.location.href = config.meetingUrl.replace(/0$/, String(info.event.id))
    }
  })
})()
