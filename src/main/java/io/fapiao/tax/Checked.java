package io.fapiao.tax;

import io.fapiao.order.Order;
import io.fapiao.order.Problem;

import java.util.List;

/** The outcome of checking one order: the order when every rule holds, else every reason it does not. */
public record Checked(Order order, List<Problem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
