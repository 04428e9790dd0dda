package io.confab.dataapi.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may name: absolute http or https with a host. Loopback, private (RFC 1918,
 * fc00::/7), link-local and unspecified addresses are allowed by default, because on one machine
 * (`confab up`, the tests) the receiver is on loopback; {@code --webhook-private-addresses=forbid}
 * refuses them in production, so a hook cannot make data-api call into the internal network (SSRF).
 * The check is made at registration and again before each attempt (DNS can change in between).
 */
public final class EndpointPolicy {

    private final boolean privateAddresses;

    public EndpointPolicy(boolean privateAddresses) {
        this.privateAddresses = privateAddresses;
    }

    /** Why {@code url} may not be a webhook, or empty when it may. */
    public Optional<String> refusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("url is required: an http:// or https:// URL");
        }
        if (url.length() > 2048) {
            return Optional.of("url must be at most 2048 characters, got " + url.length());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("url must be http:// or https://, got '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("url must name a host, got '" + url + "'");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("url must not carry credentials (user:password@)");
        }
        if (!privateAddresses) {
            try {
                for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                            || address.isAnyLocalAddress() || isUniqueLocal(address)) {
                        return Optional.of("url's host " + uri.getHost() + " is a private address (" + address.getHostAddress()
                                + "); this server forbids them (--webhook-private-addresses=forbid)");
                    }
                }
            } catch (UnknownHostException e) {
                return Optional.of("url's host " + uri.getHost() + " does not resolve");
            }
        }
        return Optional.empty();
    }

    /** IPv6 unique local addresses, fc00::/7 (RFC 4193): the JDK's isSiteLocalAddress knows only fec0::/10. */
    private static boolean isUniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
