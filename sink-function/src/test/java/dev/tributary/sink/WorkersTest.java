package dev.tributary.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void shouldReturnTheResultsInTheItemsOrder() {
        try (Workers workers = new Workers(4)) {
            List<Integer> items = IntStream.range(0, 200).boxed().toList();

            List<Integer> squares = workers.map(items, i -> i * i);

            assertThat(squares).isEqualTo(items.stream().map(i -> i * i).toList());
        }
    }

    @Test
    void shouldRunOneItemOnTheCallingThread() {
        try (Workers workers = new Workers(2)) {
            assertThat(workers.map(List.of(1), i -> Thread.currentThread().getName()))
                    .containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void shouldFinishEveryItemAndRethrowTheFirstFailureInTheItemsOrder() {
        Set<Integer> done = ConcurrentHashMap.newKeySet();
        try (Workers workers = new Workers(4)) {
            assertThatThrownBy(() -> workers.map(List.of(0, 1, 2, 3, 4, 5), i -> {
                        if (i == 2 || i == 4) {
                            throw new IllegalArgumentException("item " + i);
                        }
                        done.add(i);
                        return i;
                    }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("item 2");
        }
        assertThat(done).containsExactlyInAnyOrder(0, 1, 3, 5);
    }
}
