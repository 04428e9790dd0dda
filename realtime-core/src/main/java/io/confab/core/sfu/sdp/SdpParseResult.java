package io.confab.core.sfu.sdp;

/** What {@link SdpParser} made of a text: a description, or the line and reason it is not one. Never an exception. */
public sealed interface SdpParseResult permits SessionDescription, SdpParseError {
}
