"""The smallest page with the same round trip as the benchmark: a number input in the sidebar, a metric.

bench/app_latency.py measures it in the same run as the real app: Streamlit's own
floor for "change a control → read the new number" on this machine and browser.
"""

import streamlit as st

n = st.sidebar.number_input("Num classes", min_value=1, max_value=100_000, value=1000, step=1)
st.metric("Parameters", f"{25_557_032 - 2_049_000 + 2049 * int(n):,}")
