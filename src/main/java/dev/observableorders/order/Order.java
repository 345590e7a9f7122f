package dev.observableorders.order;

import dev.observableorders.restate.serde.WireRequired;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The seed's order JSON. {@code total} is read as the decimal the caller wrote (never a
 * binary float), so {@code 0.30} is thirty cents. {@code status} and {@code createdAt}
 * are accepted because the seed's clients may send them, but the service decides both
 * itself.
 */
public record Order(String id, @WireRequired String customerId, @WireRequired List<String> items,
		@WireRequired BigDecimal total, String status, Instant createdAt) {

}
