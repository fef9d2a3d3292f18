import java.util.Optional;
import weblink.Url;

public final class TestMain {
    public static void main(String[] args) {
        Check.run("full URL", () -> {
            Url u = Url.parse("HTTP://Example.COM:8080/a/b?x=1");
            Check.eq("http", u.scheme());
            Check.eq("example.com", u.host());
            Check.eq(8080, u.port());
            Check.eq("/a/b", u.path());
            Check.eq("x=1", u.query());
            Check.eq(null, u.fragment());
        });

        Check.run("defaults", () -> {
            Url u = Url.parse("http://example.com");
            Check.eq("/", u.path());
            Check.eq(-1, u.port());
            Check.eq(80, u.effectivePort());
        });

        Check.run("invalid", () -> {
            Check.fails(IllegalArgumentException.class, () -> Url.parse("example.com/x"));
            Check.fails(IllegalArgumentException.class, () -> Url.parse("http://:80/"));
            Check.fails(IllegalArgumentException.class, () -> Url.parse("http://h:99999/"));
        });

        Check.run("query and fragment", () -> {
            Url u = Url.parse("https://shop.example/search?q=boots&page=2#results");
            Check.eq("q=boots&page=2", u.query());
            Check.eq("results", u.fragment());
            Check.eq("/search", u.path());
            Check.eq(Optional.of("2"), u.queryParam("page"));
        });

        Check.run("fragment containing a question mark", () -> {
            Url u = Url.parse("https://docs.example/faq#why?");
            Check.eq("/faq", u.path());
            Check.eq(null, u.query());
            Check.eq("why?", u.fragment());
        });

        Check.run("fragment only", () -> {
            Url u = Url.parse("http://example.com/page#top");
            Check.eq("/page", u.path());
            Check.eq(null, u.query());
            Check.eq("top", u.fragment());
        });

        Check.run("empty query and empty fragment", () -> {
            Url u = Url.parse("http://example.com/?#");
            Check.eq("", u.query());
            Check.eq("", u.fragment());
            Check.eq(Optional.empty(), u.queryParam("x"));
        });

        Check.run("query directly after the host", () -> {
            Url u = Url.parse("http://example.com?a=1#frag");
            Check.eq("/", u.path());
            Check.eq("a=1", u.query());
            Check.eq("frag", u.fragment());
            Check.eq("example.com", u.host());
        });

        Check.run("last query parameter is not polluted by the fragment", () -> {
            Url u = Url.parse("https://example.com/list?sort=asc&tag=new#top");
            Check.eq(Optional.of("new"), u.queryParam("tag"));
        });

        Check.run("default ports", () -> {
            Check.eq(443, Url.parse("https://example.com/").effectivePort());
            Check.eq(443, Url.parse("wss://example.com/socket").effectivePort());
            Check.eq(21, Url.parse("ftp://files.example.com/").effectivePort());
            Check.eq(80, Url.parse("ws://example.com/").effectivePort());
            Check.eq(-1, Url.parse("gopher://example.com/").effectivePort());
            Check.eq(8443, Url.parse("https://example.com:8443/").effectivePort());
        });

        Check.run("origin", () -> {
            Check.eq("https://example.com:443", Url.parse("https://Example.com/x?y#z").origin());
            Check.eq("http://example.com:80", Url.parse("http://example.com").origin());
        });

        System.exit(Check.finish());
    }
}
