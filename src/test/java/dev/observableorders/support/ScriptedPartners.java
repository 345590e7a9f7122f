package dev.observableorders.support;

import dev.observableorders.fulfillment.CancelOutcome;
import dev.observableorders.fulfillment.CancelRequest;
import dev.observableorders.fulfillment.Fulfillment;
import dev.observableorders.fulfillment.FulfillmentDecision;
import dev.observableorders.fulfillment.FulfillmentRequest;
import dev.observableorders.fulfillment.FulfillmentUnavailableException;
import dev.observableorders.payment.PaymentDecision;
import dev.observableorders.payment.PaymentGateway;
import dev.observableorders.payment.PaymentRequest;
import dev.observableorders.payment.PaymentUnavailableException;
import dev.observableorders.payment.RefundRequest;
import dev.observableorders.payment.VoidOutcome;
import dev.observableorders.payment.VoidRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Payment and fulfilment partners whose behaviour a test picks through the customer id,
 * wrapping the real simulations (which approve and ship everything else) and counting
 * every call.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ScriptedPartners {

	/** Customers starting with this are declined. */
	public static final String DECLINED = "declined-";

	/** Customers starting with this meet a payment gateway that never answers. */
	public static final String GATEWAY_DOWN = "gateway-down-";

	/** Customers starting with this meet a warehouse that never accepts. */
	public static final String WAREHOUSE_DOWN = "warehouse-down-";

	/**
	 * Customers starting with this meet a payment gateway that holds the charge until the
	 * test calls {@link ScriptedPayments#release} (at most 30 s), then approves it.
	 */
	public static final String GATEWAY_HELD = "gateway-held-";

	/**
	 * Customers starting with this meet a payment gateway that is down, for charges and
	 * voids alike, until the test calls {@link ScriptedPayments#restore}: the charge
	 * fails for good, and the void that settles it is retried until the gateway returns.
	 */
	public static final String GATEWAY_OUTAGE = "gateway-outage-";

	/**
	 * Customers starting with this meet a warehouse that fails the first hand-over only.
	 */
	public static final String WAREHOUSE_FLAKY = "warehouse-flaky-";

	@Bean
	@Primary
	ScriptedPayments scriptedPayments(@Qualifier("paymentGateway") PaymentGateway simulation) {
		return new ScriptedPayments(simulation);
	}

	@Bean
	@Primary
	ScriptedFulfillment scriptedFulfillment(@Qualifier("fulfillment") Fulfillment simulation) {
		return new ScriptedFulfillment(simulation);
	}

	public static final class ScriptedPayments implements PaymentGateway {

		private final PaymentGateway simulation;

		private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> approvedCharges = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> refunds = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> voids = new ConcurrentHashMap<>();

		private final Map<String, java.util.concurrent.CountDownLatch> held = new ConcurrentHashMap<>();

		/** Orders that met a gateway outage (never passed on either). */
		private final Set<String> outages = ConcurrentHashMap.newKeySet();

		/** Orders whose gateway outage has ended. */
		private final Set<String> restored = ConcurrentHashMap.newKeySet();

		/** Orders whose charges this script answered without passing them on. */
		private final Set<String> neverPassedOn = ConcurrentHashMap.newKeySet();

		ScriptedPayments(PaymentGateway simulation) {
			this.simulation = simulation;
		}

		@Override
		public PaymentDecision charge(PaymentRequest request) {
			count(this.calls, request.orderId());
			if (request.customerId().startsWith(GATEWAY_DOWN)) {
				this.neverPassedOn.add(request.orderId());
				throw new PaymentUnavailableException("gateway down (scripted)");
			}
			if (request.customerId().startsWith(GATEWAY_OUTAGE) && !this.restored.contains(request.orderId())) {
				this.neverPassedOn.add(request.orderId());
				this.outages.add(request.orderId());
				throw new PaymentUnavailableException("gateway unavailable (scripted)");
			}
			if (request.customerId().startsWith(GATEWAY_HELD)) {
				await(this.held.computeIfAbsent(request.orderId(), (id) -> new java.util.concurrent.CountDownLatch(1)));
			}
			if (request.customerId().startsWith(DECLINED)) {
				return PaymentDecision.declined("declined (scripted)");
			}
			PaymentDecision decision = this.simulation.charge(request);
			if (decision.approved()) {
				count(this.approvedCharges, request.orderId());
			}
			return decision;
		}

		@Override
		public String refund(RefundRequest request) {
			count(this.refunds, request.orderId());
			return this.simulation.refund(request);
		}

		@Override
		public VoidOutcome voidCharge(VoidRequest request) {
			count(this.voids, request.orderId());
			if (outage(request.orderId())) {
				throw new PaymentUnavailableException("gateway unavailable (scripted)");
			}
			if (this.neverPassedOn.contains(request.orderId())) {
				// this script answered every charge of the order itself: the gateway
				// never saw one
				return VoidOutcome.NOT_FOUND;
			}
			return this.simulation.voidCharge(request);
		}

		/** Ends the gateway outage of an order ({@link #GATEWAY_OUTAGE}). */
		public void restore(String orderId) {
			this.restored.add(orderId);
		}

		private boolean outage(String orderId) {
			return this.outages.contains(orderId) && !this.restored.contains(orderId);
		}

		/** Lets the held charge of an order go on to the gateway. */
		public void release(String orderId) {
			this.held.computeIfAbsent(orderId, (id) -> new java.util.concurrent.CountDownLatch(1)).countDown();
		}

		private static void await(java.util.concurrent.CountDownLatch latch) {
			try {
				latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** Void calls made for an order. */
		public int voids(String orderId) {
			return this.voids.getOrDefault(orderId, new AtomicInteger()).get();
		}

		/** Refund calls made for an order. */
		public int refunds(String orderId) {
			return this.refunds.getOrDefault(orderId, new AtomicInteger()).get();
		}

		/** Gateway calls made for an order, answered or not. */
		public int calls(String orderId) {
			return this.calls.getOrDefault(orderId, new AtomicInteger()).get();
		}

		/** Approved charges of an order: a correct service never makes more than one. */
		public int charges(String orderId) {
			return this.approvedCharges.getOrDefault(orderId, new AtomicInteger()).get();
		}

	}

	public static final class ScriptedFulfillment implements Fulfillment {

		private final Fulfillment simulation;

		private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> cancels = new ConcurrentHashMap<>();

		/** Orders some hand-over of which reached the simulation. */
		private final Set<String> passedOn = ConcurrentHashMap.newKeySet();

		ScriptedFulfillment(Fulfillment simulation) {
			this.simulation = simulation;
		}

		@Override
		public FulfillmentDecision fulfil(FulfillmentRequest request) {
			int call = count(this.calls, request.orderId());
			if (request.customerId().startsWith(WAREHOUSE_DOWN)
					|| (request.customerId().startsWith(WAREHOUSE_FLAKY) && call == 1)) {
				throw new FulfillmentUnavailableException("warehouse unavailable (scripted)");
			}
			this.passedOn.add(request.orderId());
			return this.simulation.fulfil(request);
		}

		/** Nothing ships for an order whose every hand-over this script answered. */
		@Override
		public CancelOutcome cancel(CancelRequest request) {
			count(this.cancels, request.orderId());
			return this.passedOn.contains(request.orderId()) ? this.simulation.cancel(request)
					: CancelOutcome.notFound();
		}

		/** Cancel calls made for an order. */
		public int cancels(String orderId) {
			return this.cancels.getOrDefault(orderId, new AtomicInteger()).get();
		}

		public int calls(String orderId) {
			return this.calls.getOrDefault(orderId, new AtomicInteger()).get();
		}

	}

	private static int count(Map<String, AtomicInteger> counts, String orderId) {
		return counts.computeIfAbsent(orderId, (id) -> new AtomicInteger()).incrementAndGet();
	}

}
