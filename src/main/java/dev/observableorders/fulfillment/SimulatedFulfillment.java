package dev.observableorders.fulfillment;

import java.util.SplittableRandom;

/**
 * The seed's fulfilment: a shipment id derived from the request key, so a repeated
 * hand-over of the same order yields the same shipment, as a deduplicating warehouse
 * would.
 */
class SimulatedFulfillment implements Fulfillment {

	private final SimulatedFulfillmentProperties properties;

	SimulatedFulfillment(SimulatedFulfillmentProperties properties) {
		this.properties = properties;
	}

	@Override
	public String fulfil(FulfillmentRequest request) {
		if (!this.properties.latency().isZero()) {
			try {
				Thread.sleep(this.properties.latency().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new FulfillmentUnavailableException("interrupted while handing over to the warehouse");
			}
		}
		SplittableRandom random = new SplittableRandom(request.requestKey().hashCode());
		if (random.nextDouble() < this.properties.failureRate()) {
			throw new FulfillmentUnavailableException("warehouse unavailable (simulated)");
		}
		return "fulfillment-" + Long.toUnsignedString(random.nextLong());
	}

}
