package io.confab.core.sfu.rtcp;

/** What {@link RtcpParser} made of a compound packet: its packets, or why it was refused. Never an exception. */
public sealed interface RtcpParseResult permits RtcpCompound, RtcpParseError {
}
