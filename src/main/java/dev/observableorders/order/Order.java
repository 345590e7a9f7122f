package dev.observableorders.order;

import java.time.Instant;
import java.util.List;

/**
 * The seed's order JSON. {@code status} and {@code createdAt} are accepted because the
 * seed's clients may send them, but the service decides both itself.
 */
public record Order(String id, String customerId, List<String> items, Double total, String status, Instant createdAt) {

}
