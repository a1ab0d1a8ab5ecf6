
7%20261127-101500-a1b2-classify-scratch (ô¯šä¡40òz$Þ	ŠcÚ? *completed 30 epochs