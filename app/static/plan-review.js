// Reviewing a plan: show only the meetings that match the filters, and tick or untick all of
// them, or only those shown. Rows hidden by a filter keep their tick and are still booked when
// ticked. Without JavaScript every row is shown and the page links to "nothing ticked".
const panel = document.querySelector('[data-plan-filters]')
const rows = [...document.querySelectorAll('[data-plan-row]')]
const status = document.querySelector('[data-plan-status]')

function boxOf (row) {
  return row.querySelector('input[name="request_ids"]')
}

function matches (row, type, locality, flags) {
  if (type && row.dataset.type !== type) return false
  if (locality && row.dataset.locality !== locality) return false
  if (flags.length === 0) return true
  const rowFlags = row.dataset.flags.split(' ')
  return flags.some((flag) => rowFlags.includes(flag))
}

function apply () {
  const type = panel.querySelector('[name="filter-type"]').value
  const locality = panel.querySelector('[name="filter-locality"]').value
  const flags = [...panel.querySelectorAll('[name="filter-flag"]:checked')].map((box) => box.value)
  let shown = 0
  for (const row of rows) {
    row.hidden = !matches(row, type, locality, flags)
    if (!row.hidden) shown += 1
  }
  for (const table of document.querySelectorAll('[data-plan-day]')) {
    table.hidden = !table.querySelector('[data-plan-row]:not([hidden])')
  }
  const ticked = rows.filter((row) => boxOf(row)?.checked).length
  status.textContent = `Showing ${shown} of ${rows.length} meetings; ${ticked} ticked to book.`
}

function tick (onlyShown, checked) {
  for (const row of rows) {
    const box = boxOf(row)
    if (box && (!onlyShown || !row.hidden)) box.checked = checked
  }
  apply()
}

if (panel) {
  panel.hidden = false
  document.querySelector('[data-plan-no-script]')?.setAttribute('hidden', '')
  panel.addEventListener('change', apply)
  panel.querySelector('[data-tick="none"]').addEventListener('click', () => tick(false, false))
  panel.querySelector('[data-tick="all"]').addEventListener('click', () => tick(false, true))
  panel.querySelector('[data-tick="shown-none"]').addEventListener('click', () => tick(true, false))
  panel.querySelector('[data-tick="shown-all"]').addEventListener('click', () => tick(true, true))
  document.addEventListener('change', (event) => {
    if (event.target.name === 'request_ids') apply()
  })
  apply()
}
