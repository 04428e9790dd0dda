// The toolbar under the stage and the side panels it opens. Buttons only call the actions they
// were given (meeting-session.js owns what an action means); this module keeps their labels and
// pressed states in step with the room, and handles Escape and the Zoom-style Alt shortcuts.

import { $, el } from './dom.js';
import { setControl } from './icons.js';

/** Zoom's reaction set, which is what the server accepts (Limits.REACTIONS). */
export const REACTIONS = [
  { emoji: '👍', name: 'Thumbs up' },
  { emoji: '👏', name: 'Clap' },
  { emoji: '❤️', name: 'Heart' },
  { emoji: '😂', name: 'Laugh' },
  { emoji: '😮', name: 'Surprised' },
  { emoji: '🎉', name: 'Celebrate' },
];

/** Below this width the side panels cover the stage, so they start closed. */
const NARROW = '(max-width: 600px)';

export class Controls {
  /**
   * @param actions {toggleAudio, toggleVideo, toggleHand, react(emoji), leave, endForAll, layout(), setLayout(name)}
   */
  constructor(room, actions) {
    this.room = room;
    this.actions = actions;
    this.panelStack = [];
    this.abort = new AbortController();
    const signal = this.abort.signal;

    $('#toggle-mic').addEventListener('click', () => actions.toggleAudio(), { signal });
    $('#toggle-camera').addEventListener('click', () => actions.toggleVideo(), { signal });
    $('#raise-hand').addEventListener('click', () => actions.toggleHand(), { signal });
    $('#leave').addEventListener('click', () => actions.leave(), { signal });
    $('#end-meeting').addEventListener('click', () => actions.endForAll(), { signal });
    $('#toggle-view').addEventListener('click', () => this.toggleLayout(), { signal });
    $('#toggle-participants').addEventListener('click', () => this.togglePanel('participants-panel'), { signal });
    $('#toggle-chat').addEventListener('click', () => this.togglePanel('chat-panel'), { signal });
    $('#toggle-reactions').addEventListener('click', () => this.togglePopover(), { signal });
    for (const button of document.querySelectorAll('.panel-close')) {
      button.addEventListener('click', () => this.closePanel(button.dataset.panel), { signal });
    }
    document.addEventListener('keydown', (e) => this.onKey(e), { signal });
    document.addEventListener('pointerdown', (e) => {
      if (!$('#reactions').hidden && !e.target.closest('#reactions, #toggle-reactions')) this.togglePopover(false);
    }, { signal });

    $('#reactions').replaceChildren(...REACTIONS.map(({ emoji, name }) => el('button', {
      type: 'button', class: 'reaction-button', 'data-emoji': emoji, 'aria-label': name, title: name, text: emoji,
      // Closes after a pick, as Zoom's does; focus goes back to the button that opened it.
      onclick: () => {
        actions.react(emoji);
        this.togglePopover(false);
        $('#toggle-reactions').focus();
      },
    })));

    setControl($('#toggle-reactions'), 'smile', 'React');
    setControl($('#toggle-participants'), 'people', 'Participants');
    setControl($('#toggle-chat'), 'chat', 'Chat');
    setControl($('#leave'), 'leave', 'Leave');
    setControl($('#end-meeting'), 'end', 'End for all');

    const narrow = window.matchMedia(NARROW).matches;
    this.setPanel('participants-panel', !narrow);
    this.setPanel('chat-panel', !narrow);
    this.setLayout('gallery');

    const refresh = () => this.render();
    room.addEventListener('reset', refresh, { signal });
    room.addEventListener('participant', refresh, { signal });
    room.addEventListener('role', refresh, { signal });
  }

  // Toggle buttons here change their label ("Mute" / "Unmute") rather than use aria-pressed, which
  // would say the state twice; data-muted / data-raised carry the state for styles and tests.
  render() {
    const self = this.room.self;
    if (!self) return;
    const mic = $('#toggle-mic');
    setControl(mic, self.audioMuted ? 'micOff' : 'mic', self.audioMuted ? 'Unmute' : 'Mute');
    mic.dataset.muted = String(Boolean(self.audioMuted));
    mic.classList.toggle('off', Boolean(self.audioMuted));

    const camera = $('#toggle-camera');
    setControl(camera, self.videoMuted ? 'cameraOff' : 'camera', self.videoMuted ? 'Start video' : 'Stop video');
    camera.dataset.muted = String(Boolean(self.videoMuted));
    camera.classList.toggle('off', Boolean(self.videoMuted));

    const hand = $('#raise-hand');
    setControl(hand, 'hand', self.handRaised ? 'Lower hand' : 'Raise hand');
    hand.dataset.raised = String(Boolean(self.handRaised));

    $('#end-meeting').hidden = !this.room.isMainHost;
  }

  toggleLayout() {
    this.setLayout(this.actions.layout() === 'gallery' ? 'speaker' : 'gallery');
  }

  setLayout(layout) {
    this.actions.setLayout(layout);
    const button = $('#toggle-view');
    // The button names the view it switches to, as Zoom's does.
    button.textContent = layout === 'gallery' ? 'Speaker view' : 'Gallery view';
    button.dataset.layout = layout;
  }

  isOpen(panelId) {
    return !$(`#${panelId}`).hidden;
  }

  togglePanel(panelId) {
    if (this.isOpen(panelId)) this.closePanel(panelId);
    else this.openPanel(panelId);
  }

  openPanel(panelId) {
    this.setPanel(panelId, true);
    const focusTarget = panelId === 'chat-panel' ? $('#chat-input') : $(`#${panelId} h2`);
    if (focusTarget) {
      if (!focusTarget.hasAttribute('tabindex') && focusTarget.tagName === 'H2') focusTarget.tabIndex = -1;
      focusTarget.focus();
    }
  }

  closePanel(panelId) {
    this.setPanel(panelId, false);
    // Focus returns to the button that opens the panel, so keyboard users do not lose their place.
    $(panelId === 'chat-panel' ? '#toggle-chat' : '#toggle-participants').focus();
  }

  setPanel(panelId, open) {
    const panel = $(`#${panelId}`);
    panel.hidden = !open;
    const toggle = $(panelId === 'chat-panel' ? '#toggle-chat' : '#toggle-participants');
    toggle.setAttribute('aria-expanded', String(open));
    this.panelStack = this.panelStack.filter((id) => id !== panelId);
    if (open) this.panelStack.push(panelId);
    $('#sidebar').hidden = this.panelStack.length === 0;
    panel.dispatchEvent(new CustomEvent(open ? 'panel-open' : 'panel-close'));
  }

  togglePopover(force) {
    const popover = $('#reactions');
    const open = force ?? popover.hidden;
    popover.hidden = !open;
    $('#toggle-reactions').setAttribute('aria-expanded', String(open));
    if (open) popover.querySelector('button')?.focus();
  }

  onKey(event) {
    if (document.body.dataset.page !== 'meeting') return;
    if (event.key === 'Escape') {
      // An open <dialog> handles its own Escape.
      if (document.querySelector('dialog[open]')) return;
      if (!$('#reactions').hidden) {
        this.togglePopover(false);
        $('#toggle-reactions').focus();
      } else if (this.panelStack.length > 0) {
        this.closePanel(this.panelStack[this.panelStack.length - 1]);
      } else {
        return;
      }
      event.preventDefault();
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    // By key position (event.code): on macOS, Option+A types "å" and event.key would miss it.
    const shortcuts = {
      KeyA: () => this.actions.toggleAudio(),
      KeyV: () => this.actions.toggleVideo(),
      KeyY: () => this.actions.toggleHand(),
      KeyH: () => this.togglePanel('chat-panel'),
      KeyU: () => this.togglePanel('participants-panel'),
    };
    const run = shortcuts[event.code];
    if (run) {
      event.preventDefault();
      run();
    }
  }

  destroy() {
    this.abort.abort();
    this.togglePopover(false);
  }
}
