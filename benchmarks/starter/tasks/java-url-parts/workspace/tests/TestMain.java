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

        System.exit(Check.finish());
    }
}
