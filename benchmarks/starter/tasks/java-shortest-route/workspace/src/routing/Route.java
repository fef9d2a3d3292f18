package routing;

import java.util.List;

/** A route: the places visited in order (start and destination included) and the total time. */
public record Route(List<String> places, int minutes) {
}
