import java.util.List;
import java.util.Optional;
import routing.Graph;
import routing.Route;
import routing.Router;

public final class TestMain {
    public static void main(String[] args) {
        Check.run("single road", () -> {
            Router r = new Router(new Graph().addRoad("Mill", "Harbor", 12));
            Check.eq(Optional.of(new Route(List.of("Mill", "Harbor"), 12)), r.fastest("Mill", "Harbor"));
        });

        Check.run("same place", () -> {
            Router r = new Router(new Graph().addRoad("A", "B", 3));
            Check.eq(new Route(List.of("A"), 0), r.fastest("A", "A").orElseThrow());
        });

        Check.run("unreachable", () -> {
            Graph g = new Graph().addRoad("A", "B", 1).addPlace("Island");
            Check.eq(Optional.empty(), new Router(g).fastest("A", "Island"));
            Check.eq(-1, new Router(g).minutes("Island", "B"));
        });

        Check.run("unknown place", () -> {
            Check.fails(IllegalArgumentException.class, () -> new Router(new Graph().addPlace("A")).fastest("A", "Nowhere"));
        });

        System.exit(Check.finish());
    }
}
