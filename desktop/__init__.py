"""qingdan (营商办事清单): offline checklists with legal basis for 吉林省 service windows."""

__version__ = "0.1.0"
