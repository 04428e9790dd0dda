package io.confab.media.file;

/** What a file source does when its clip runs out: a bot usually runs longer than its clip. */
public enum EndOfClip {
    /** Start again from the first sample or picture. */
    LOOP,
    /** Audio: send digital silence from then on. (Video sources always loop.) */
    SILENCE
}
