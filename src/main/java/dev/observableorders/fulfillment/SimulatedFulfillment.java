package dev.observableorders.fulfillment;

import java.util.SplittableRandom;

/**
 * The seed's fulfilment: a shipment id derived from the request key, so a repeated
 * hand-over of the same order yields the same shipment, as a deduplicating warehouse
 * would. Orders in {@code failure-rate} never get an answer; cancelling them finds
 * nothing, and cancelling any other hand-over cancels its shipment.
 */
class SimulatedFulfillment implements Fulfillment {

	private final SimulatedFulfillmentProperties properties;

	SimulatedFulfillment(SimulatedFulfillmentProperties properties) {
		this.properties = properties;
	}

	@Override
	public FulfillmentDecision fulfil(FulfillmentRequest request) {
		pause();
		SplittableRandom random = new SplittableRandom(request.requestKey().hashCode());
		if (random.nextDouble() < this.properties.failureRate()) {
			throw new FulfillmentUnavailableException("warehouse unavailable (simulated)");
		}
		return FulfillmentDecision.accepted("fulfillment-" + Long.toUnsignedString(random.nextLong()));
	}

	@Override
	public CancelOutcome cancel(CancelRequest request) {
		pause();
		boolean shipped = new SplittableRandom(request.handOverKey().hashCode()).nextDouble() >= this.properties
			.failureRate();
		return shipped ? CancelOutcome.cancelled() : CancelOutcome.notFound();
	}

	private void pause() {
		if (this.properties.latency().isZero()) {
			return;
		}
		try {
			Thread.sleep(this.properties.latency().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FulfillmentUnavailableException("interrupted while calling the warehouse");
		}
	}

}
