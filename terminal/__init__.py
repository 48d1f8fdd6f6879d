"""The jifen domain: points arithmetic, rules, the local store, the journal and the `jifen` CLI.

Nothing here imports Qt or talks to hardware or the network.
"""
