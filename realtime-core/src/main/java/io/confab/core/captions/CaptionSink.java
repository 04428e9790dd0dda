package io.confab.core.captions;

/** Where captions go on this node: signaling, which knows the meetings it hosts. */
@FunctionalInterface
public interface CaptionSink {

    /** Hands the caption to its meeting's room; false when the meeting has no live room on this node. */
    boolean deliver(LiveCaption caption);
}
