package dev.observableorders.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The last orders this instance decided, newest first, for the operators' front page: a
 * bounded ring fed where outcomes are counted, so each order appears once however often
 * Restate retries or replays it. Other instances' orders are not here.
 */
@Component
public class RecentOutcomes {

	/** Outcomes kept. */
	public static final int CAPACITY = 50;

	/** One decided order. */
	public record Outcome(String orderId, String status, String message, Instant at) {
	}

	private final Outcome[] ring = new Outcome[CAPACITY];

	private long written;

	synchronized void add(OrderResult result) {
		this.ring[(int) (this.written % CAPACITY)] = new Outcome(result.orderId(), result.status().wireName(),
				result.message(), (result.timestamp() != null) ? result.timestamp() : Instant.now());
		this.written++;
	}

	/** Newest first. */
	public synchronized List<Outcome> latest() {
		List<Outcome> latest = new ArrayList<>();
		for (long i = this.written - 1; i >= Math.max(0, this.written - CAPACITY); i--) {
			latest.add(this.ring[(int) (i % CAPACITY)]);
		}
		return latest;
	}

}
