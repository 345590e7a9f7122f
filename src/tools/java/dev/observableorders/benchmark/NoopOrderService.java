package dev.observableorders.benchmark;

import dev.observableorders.benchmark.BareOrderService.BareOrder;
import dev.observableorders.benchmark.BareOrderService.BareResult;
import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Name;
import dev.restate.sdk.annotation.VirtualObject;

/**
 * Benchmark baseline (d): a handler that journals nothing: what Restate and the SDK cost
 * on their own.
 */
@VirtualObject(name = "OrderService")
public class NoopOrderService {

	@Handler
	@Name("ProcessOrder")
	public BareResult processOrder(ObjectContext ctx, BareOrder order) {
		return new BareResult(ctx.key(), "completed", "no-op", null);
	}

}
