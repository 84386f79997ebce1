# nothing

   # here
title "t"
note "n"
