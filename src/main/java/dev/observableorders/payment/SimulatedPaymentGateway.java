package dev.observableorders.payment;

import java.util.SplittableRandom;

/**
 * The seed's payment simulation. Each order's fate follows from its idempotency key,
 * which the order flow derives from the order id: the same order always meets the same
 * outcome, on every retry and resubmission, like a real gateway answering the same charge
 * the same way.
 */
class SimulatedPaymentGateway implements PaymentGateway {

	private final SimulatedPaymentProperties properties;

	SimulatedPaymentGateway(SimulatedPaymentProperties properties) {
		this.properties = properties;
	}

	@Override
	public PaymentDecision charge(PaymentRequest request) {
		Simulation.pause(this.properties.latency());
		double roll = Simulation.roll(request.idempotencyKey());
		if (roll < this.properties.declineRate()) {
			return PaymentDecision.declined("card declined (simulated)");
		}
		if (roll < this.properties.declineRate() + this.properties.errorRate()) {
			throw new PaymentUnavailableException("payment gateway unavailable (simulated)");
		}
		return PaymentDecision.approved("pay-" + request.idempotencyKey());
	}

	@Override
	public String refund(RefundRequest request) {
		Simulation.pause(this.properties.latency());
		return "refund-" + request.idempotencyKey();
	}

	/**
	 * A charge that never answered was never made here; one that was approved is voided.
	 */
	@Override
	public VoidOutcome voidCharge(VoidRequest request) {
		Simulation.pause(this.properties.latency());
		double roll = Simulation.roll(request.chargeKey());
		return (roll >= this.properties.declineRate() + this.properties.errorRate()) ? VoidOutcome.VOIDED
				: VoidOutcome.NOT_FOUND;
	}

	/** Deterministic draws from an idempotency key. */
	static final class Simulation {

		private Simulation() {
		}

		static double roll(String key) {
			return new SplittableRandom(key.hashCode()).nextDouble();
		}

		static void pause(java.time.Duration latency) {
			if (latency.isZero()) {
				return;
			}
			try {
				Thread.sleep(latency.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PaymentUnavailableException("interrupted while waiting for the gateway");
			}
		}

	}

}
