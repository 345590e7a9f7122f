package dev.observableorders.benchmark;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Name;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Benchmark baseline (c): the order flow's journal shape — two state gets, the accepted
 * order set, a payment step, a fulfilment step, the result set — with no logs, metrics,
 * traces or validation.
 */
@VirtualObject(name = "OrderService")
public class BareOrderService {

	static final StateKey<BareResult> RESULT = StateKey.of("result", BareResult.class);

	static final StateKey<BareOrder> ACCEPTED = StateKey.of("order", BareOrder.class);

	public record BareOrder(String id, String customerId, List<String> items, Double total) {
	}

	public record BareResult(String orderId, String status, String message, String timestamp) {
	}

	@Handler
	@Name("ProcessOrder")
	public BareResult processOrder(ObjectContext ctx, BareOrder order) {
		Optional<BareResult> stored = ctx.get(RESULT);
		Optional<BareOrder> accepted = ctx.get(ACCEPTED);
		if (stored.isPresent()) {
			return stored.get();
		}
		if (accepted.isEmpty()) {
			ctx.set(ACCEPTED, order);
		}
		String payment = ctx.run("payment", String.class,
				() -> "payment-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
		String fulfillment = ctx.run("fulfillment", String.class, () -> "fulfillment-"
				+ Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + "@" + Instant.now());
		BareResult result = new BareResult(ctx.key(), "completed", "Order fulfilled: " + fulfillment + " " + payment,
				fulfillment.substring(fulfillment.indexOf('@') + 1));
		ctx.set(RESULT, result);
		return result;
	}

}
