package weblink;

import java.util.Locale;
import java.util.Optional;

/**
 * A parsed absolute URL of the form {@code scheme://host[:port][/path][?query][#fragment]}.
 *
 * <p>The scheme and host are lower-cased. The path is "/" when absent. {@code port} is -1 when the
 * URL does not specify one; {@link #effectivePort()} then gives the scheme's default (http 80,
 * https 443, ftp 21, ws 80, wss 443). The query and fragment are stored without their leading
 * '?' / '#', or as null when absent.
 */
public record Url(String scheme, String host, int port, String path, String query, String fragment) {

    public static Url parse(String text) {
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("not an absolute URL: " + text);
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = text.substring(schemeEnd + 3);

        String fragment = null;
        String query = null;
        int queryStart = rest.indexOf('?');
        if (queryStart >= 0) {
            query = rest.substring(queryStart + 1);
            rest = rest.substring(0, queryStart);
        } else {
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                fragment = rest.substring(hash + 1);
                rest = rest.substring(0, hash);
            }
        }

        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? rest.substring(slash) : "/";

        String host = authority;
        int port = -1;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + text, e);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range in " + text);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in " + text);
        }
        return new Url(scheme, host.toLowerCase(Locale.ROOT), port, path, query, fragment);
    }

    /** The explicit port, or the scheme's default port (-1 for unknown schemes). */
    public int effectivePort() {
        if (port >= 0) {
            return port;
        }
        switch (scheme) {
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
            case "ftp":
                return 21;
            default:
                return -1;
        }
    }

    /** The first value of a query parameter (not URL-decoded), if present. */
    public Optional<String> queryParam(String name) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq >= 0 ? pair.substring(0, eq) : pair;
            if (key.equals(name)) {
                return Optional.of(eq >= 0 ? pair.substring(eq + 1) : "");
            }
        }
        return Optional.empty();
    }

    /** "scheme://host:port" with the effective port, used as a connection-pool key. */
    public String origin() {
        return scheme + "://" + host + ":" + effectivePort();
    }
}
