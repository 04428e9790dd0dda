package io.confab.core.meetingservice;

import io.confab.core.accounts.AccessToken;
import io.confab.core.http.ApiException;
import io.confab.core.signaling.protocol.RecordingOptions;

/**
 * What the meeting service asks of the meetings running in signaling: the REST calls that act on a
 * live meeting (end it for everyone, start or stop its recording) go through the same room logic as
 * the host's buttons, so participants are told and the same events are published.
 */
public interface LiveMeetings {

    /** Ends the live meeting for everyone in it; false when it is not running here. */
    boolean endForAll(String meetingId, AccessToken by);

    /** Starts the cloud recording; returns the recording id. 409 when the meeting is not running. */
    String startRecording(String meetingId, AccessToken by, RecordingOptions options) throws ApiException;

    /** Stops the cloud recording; returns the recording id that stopped. 409 when none runs. */
    String stopRecording(String meetingId, AccessToken by) throws ApiException;
}
