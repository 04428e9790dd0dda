package io.confab.core.sfu.ice;

/** What the agent knows a transport by: its local credentials and, once the SDP says, the remote ufrag. */
public interface IceTransportKey {

    IceCredentials local();

    /** The remote side's ufrag from its SDP, or null while it is not known yet (checks can overtake the SDP). */
    String remoteUfrag();
}
