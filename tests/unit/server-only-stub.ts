// "server-only" throws outside a React Server bundle; unit tests import lib/ directly.
export {};
