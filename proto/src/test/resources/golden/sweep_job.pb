
1"sweep-20261127-1100-j04-embed-nd4j ( ™ä¡4ŠÃ
sweep-20261127-1100sweep-20261127-1100-4 (0:N
€€š™™™™™¹?ÍÌÌÌÌÌì? @(0*9š™™™™™É?Bfloat32J P Xbbundled glove.6B.100dB/data/quickdraw_subset_npJ"sweep-20261127-1100-j04-embed-nd4j