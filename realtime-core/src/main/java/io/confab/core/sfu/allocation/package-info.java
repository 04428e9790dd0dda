/**
 * Per-receiver bandwidth allocation over simulcast layers: which layer of which video source each
 * receiver gets, and which layers senders may pause. Policy only; the forwarder applies the choices.
 */
package io.confab.core.sfu.allocation;
