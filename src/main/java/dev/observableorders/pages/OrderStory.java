package dev.observableorders.pages;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.observableorders.logging.RecentLinesAppender;
import dev.observableorders.order.OrderResult;
import java.time.Instant;
import java.util.List;

/**
 * An order's story, as {@code /orders/{id}} shows it and answers it as JSON: the
 * sentence, the stored result, every {@code ProcessOrder} invocation with its journal,
 * the trace and the log lines this instance holds.
 *
 * @param customer the order's customer id, masked unless
 * {@code orders.pages.mask-customer-ids=false}; null when no order was accepted
 * @param restate null when Restate answered; else why it could not be asked (the rest is
 * then empty)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderStory(String orderId, String customer, String sentence, OrderResult result,
		List<OrderFacts.Invocation> invocations, Trace trace, Logs logs, Instant asOf, String restate) {

	/**
	 * @param id the trace id Restate assigned, or the one this instance's log lines carry
	 * @param link the configured trace viewer's address for it
	 */
	record Trace(String id, String link) {
	}

	/**
	 * @param lines the lines this instance still holds for the order, oldest first
	 * @param window how many recent order lines this instance holds in all: older lines
	 * and other instances' are not here
	 * @param link the configured log search's address for the order
	 */
	record Logs(List<RecentLinesAppender.Line> lines, int window, String link) {
	}

}
