package dev.observableorders.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observableorders.order.RecentOutcomes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The front page's first minutes and its stuck orders say what they are. */
class OrdersOverviewPageTest {

	private static final OrdersOverview.Answers NO_SCRAPE_YET = new OrdersOverview.Answers(null, null, 0.0, 0,
			OrdersOverview.Answers.PROMETHEUS, null);

	private static final List<RecentOutcomes.Outcome> DECIDED = List
		.of(new RecentOutcomes.Outcome("o-1", "completed", "Order fulfilled", Instant.now()));

	@Test
	void beforePrometheusHoldsTheDecidedOrdersThePageSaysSoInsteadOfZeroOrders() {
		String page = OrdersOverviewPage
			.render(new OrdersOverview(NO_SCRAPE_YET, List.of(), List.of(), DECIDED, Instant.now(), null));

		assertThat(page).contains("no scrape yet holds the orders decided below")
			.doesNotContain("over the 0 orders decided");
	}

	@Test
	void ordersThatFailedAndWaitOrArePausedAreCountedStuckInRed() {
		List<OrdersOverview.Unfinished> unfinished = List.of(
				new OrdersOverview.Unfinished("o-2", "inv_2", "backing-off", Instant.now(), 3, "gateway down", "charge",
						Instant.now()),
				new OrdersOverview.Unfinished("o-3", "inv_3", "paused", Instant.now(), 360, null, null, null),
				new OrdersOverview.Unfinished("o-4", "inv_4", "running", Instant.now(), 1, null, null, null));
		OrdersOverview overview = new OrdersOverview(NO_SCRAPE_YET, List.of(), unfinished, DECIDED, Instant.now(),
				null);

		assertThat(overview.stuck()).isEqualTo(2);
		assertThat(OrdersOverviewPage.render(overview)).contains("<div class=\"answer failed\" id=\"stuck\"><b>2</b>");
		assertThat(OrdersOverviewPage
			.render(new OrdersOverview(NO_SCRAPE_YET, List.of(), List.of(), DECIDED, Instant.now(), null)))
			.contains("<div class=\"answer\" id=\"stuck\"><b>0</b>");
	}

}
