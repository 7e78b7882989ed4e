// The week's table: drag a meeting to another day and chair (or room) to open its move form
// with them filled in. The form checks and asks as ever; nothing moves until it is sent. Each
// meeting stays a link, so the keyboard opens it and moves it from its page.
const table = document.querySelector('[data-week-drag]')

if (table) {
  let moveUrl = null
  table.addEventListener('dragstart', (event) => {
    const link = event.target.closest('[data-move-url]')
    if (!link) return
    moveUrl = link.dataset.moveUrl
    event.dataTransfer.setData('text/plain', link.textContent.trim())
    event.dataTransfer.effectAllowed = 'move'
  })
  table.addEventListener('dragover', (event) => {
    if (moveUrl && event.target.closest('[data-drop-day]')) event.preventDefault()
  })
  table.addEventListener('drop', (event) => {
    const cell = event.target.closest('[data-drop-day]')
    if (!cell || !moveUrl) return
    event.preventDefault()
    const url = new URL(moveUrl, window.location.href)
    url.searchParams.set('day', cell.dataset.dropDay)
    if (cell.dataset.dropChair) url.searchParams.set('chair', cell.dataset.dropChair)
    if (cell.dataset.dropRoom) url.searchParams.set('room', cell.dataset.dropRoom)
    window.location.href = url.toString()
  })
  table.addEventListener('dragend', () => { moveUrl = null })
}
