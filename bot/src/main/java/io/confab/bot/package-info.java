/**
 * A meeting participant in Java: joins through signaling, publishes Opus and VP8 through the same
 * ICE, DTLS and SRTP code the SFU uses (in the client role), receives and counts everyone else.
 * Load tests, the demo and the recording and transcription tests use it instead of a browser.
 */
package io.confab.bot;
